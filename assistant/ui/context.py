"""What every tab builder needs besides the service: access rules, the language switch, input limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.ui.access import Access
from assistant.ui.i18n import Labels
from assistant.ui.service import UiService

__all__ = ["UiContext"]


@dataclass
class UiContext:
    service: UiService
    access: Access
    labels: Labels
    lang: Any  # gr.BrowserState holding "zh" or "en" for this browser
    max_question_chars: int = 2000
