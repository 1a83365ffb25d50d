"""E-mail out of the tracker: the SMTP settings and sending (`smtp`), and the digest command's run (`run`).

I/O for the command line, a layer of its own under it (pyproject.toml): it reads the store through
the analytics and writes through the store like any other caller, and it never imports streamlit.
"""
