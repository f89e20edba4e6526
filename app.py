"""Gradio app entry point: builds the UI from `assistant.ui` and launches it (nothing else)."""

from __future__ import annotations

import sys

from assistant.config import offline_environment

if __name__ == "__main__":
    offline_environment()
    from assistant.ui.launch import main

    sys.exit(main())
