"""Shared helpers for the notebook generators: `python notebooks/src/<name>.py` rewrites notebooks/<name>.ipynb
(without outputs). Needs nbformat (build/venv has it)."""
import os
import nbformat as nbf
from nbformat.v4 import new_notebook, new_markdown_cell as md, new_code_cell as code


def write(name, cells):
    for i, cell in enumerate(cells):
        cell["id"] = "cell-%02d" % i  # stable ids: regenerating a notebook changes only what was edited
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "vaepriors-java", "display_name": "Java (VAE Priors Lab)", "language": "java"},
        "language_info": {"name": "java"}})
    nbf.write(nb, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", name + ".ipynb"))
