"""Typed settings, read once at the entry point (CLI, app, eval runner) and passed down.

Sources, strongest first: explicit arguments, environment variables (`ASSISTANT_*`), a TOML file
(`assistant.toml` in the working directory, or the file named by `ASSISTANT_CONFIG`), defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

__all__ = ["DEFAULT_STORE", "Settings", "offline_environment"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = PROJECT_ROOT / "data" / "store"


def offline_environment() -> None:
    """No model hub, no telemetry, tiktoken from llama-index's bundled cache: call before heavy imports."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from index.chunk import ensure_tiktoken_cache

    ensure_tiktoken_cache()


class Settings(BaseSettings):
    """Everything the assistant can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    store: Path = Field(DEFAULT_STORE, description="Folder of the embedded Qdrant Edge index (env ASSISTANT_STORE).")
    qdrant_url: str | None = Field(
        None, description="URL of a Qdrant server or cluster; when set, it is used instead of the embedded store."
    )
    qdrant_api_key: str | None = Field(None, description="API key for the Qdrant server.")
    collection: str = Field("gov_docs", description="Collection name on the Qdrant server.")
    corpus: Path = Field(PROJECT_ROOT / "corpus", description="Folder indexed when `assistant index` gets no path.")
    embed_model: Path | None = Field(
        None,
        description="Local folder of a sentence-transformers model for dense retrieval; none means lexical only.",
    )
    chunk_max_tokens: int = Field(500, ge=32, le=4000, description="Upper bound of a chunk, in cl100k_base tokens.")
    max_file_bytes: int = Field(20_000_000, ge=1, description="Largest single-document file that is indexed.")
    max_doc_chars: int = Field(
        1_000_000, ge=1, description="Most characters extracted from one document (checked while extracting)."
    )
    max_doc_chunks: int = Field(4_000, ge=1, description="Most chunks one document may turn into.")
    feedback_file: Path = Field(
        PROJECT_ROOT / "data" / "feedback.jsonl", description="Where thumbs up/down from the app are appended."
    )
    host: str = Field("127.0.0.1", description="Address the Gradio app binds.")
    port: int = Field(7860, description="Port of the Gradio app.")
    auth_user: str | None = Field(None, description="Basic-auth user for the app (with auth_password).")
    auth_password: str | None = Field(None, description="Basic-auth password for the app.")
    users_file: Path = Field(
        PROJECT_ROOT / "data" / "users.json",
        description="Users of the app with their roles and scrypt password hashes (`assistant users …`); "
        "when the file exists, the app requires sign-in.",
    )
    audit_db: Path = Field(
        PROJECT_ROOT / "data" / "audit.sqlite3",
        description="SQLite audit trail of questions, answers, uploads, deletions, eval runs, baseline saves "
        "and feedback, with user, role, time and client address.",
    )
    allow_anonymous: bool = Field(
        False, description="Serve a non-loopback --host without a users file (everyone may do everything)."
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Extra names accepted in a request's Host header (besides the bound host and loopback names).",
    )
    max_question_chars: int = Field(2000, ge=10, le=100_000, description="Longest question the app accepts.")
    login_attempts: int = Field(5, ge=1, description="Failed sign-ins per user and per address before a pause.")
    login_window_s: float = Field(300.0, gt=0, description="Window (seconds) in which failed sign-ins count.")
    answerer: Literal["extractive", "llm"] = Field(
        "extractive",
        description="Who writes answers: the passages' own sentences (extractive) or a model through an "
        "OpenAI-compatible endpoint (llm), every generated sentence checked against its citation.",
    )
    llm_base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible chat-completions API, e.g. http://127.0.0.1:11434/v1."
    )
    llm_model: str | None = Field(None, description="Model name the endpoint serves, e.g. qwen2.5:7b-instruct.")
    llm_api_key: SecretStr | None = Field(
        None, description="API key for the endpoint (a secret: never logged, shown or written to a report)."
    )
    llm_timeout_s: float = Field(
        30.0, gt=0, le=600, description="Longest wait for the model; past it the extractive answer is given."
    )
    unsupported: Literal["drop", "mark"] = Field(
        "drop", description="A generated sentence its citation does not support is dropped, or kept visibly marked."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = Path(os.environ.get("ASSISTANT_CONFIG", "assistant.toml"))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)
