"""User interfaces: the `roster` console command and the Streamlit app."""
