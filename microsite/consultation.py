"""Consultation requests. Until the online form lands, the page tells patients to call."""
from flask import Blueprint, render_template

bp = Blueprint("consultation", __name__)


@bp.get("/consultation")
def form():
    return render_template("consultation/placeholder.html")
