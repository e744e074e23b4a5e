"""Placeholder until this page lands."""
import streamlit as st

from archives.ui import frame

frame("nav.completeness")
st.title("completeness")
