"""The demo (an installed app for its `load_demo` command): it sits on top of every other app."""
