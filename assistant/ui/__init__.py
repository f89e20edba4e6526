"""The Gradio app: one module per tab, HTML rendering and feedback storage apart.

Importing this package stays light (no Gradio): `assistant feedback export` only needs `feedback`.
Build the app with `assistant.ui.app.build_ui`; run it with `assistant.ui.launch.main`.
"""
