"""The one package that imports Streamlit: the frame, filters, widgets and cached data access the pages use."""
