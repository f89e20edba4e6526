"""Typed settings, read once at the entry point (CLI, app, eval runner) and passed down.

Sources, strongest first: explicit arguments, environment variables (`ASSISTANT_*`), a TOML file
(`assistant.toml` in the working directory, or the file named by `ASSISTANT_CONFIG`), defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
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
