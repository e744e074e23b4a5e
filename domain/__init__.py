"""Domain logic without Streamlit: indicators, quarters, regions, scores, the allocation planner, the desk's lists."""
