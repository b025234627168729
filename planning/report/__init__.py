"""Maps, workbooks and printable documents (no Streamlit here)."""
