"""Jinja2 templates for emails and pages (a package so that they install with the code)."""
