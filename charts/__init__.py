"""Plotly figures in one house style, for the screens and the exports alike (no Streamlit here)."""
