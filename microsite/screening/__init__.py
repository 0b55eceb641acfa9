"""Screening of consultation messages for personal medical information.

``screen(text)`` returns the findings that stop a message from being sent by e-mail; an empty
list means the message may be sent. See docs/screening.md.
"""

from .screener import Finding, screen

__all__ = ["Finding", "screen"]
