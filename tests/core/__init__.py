"""Unit tests of the Textual-free core: no app, no terminal."""
