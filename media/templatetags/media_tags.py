from django import template

register = template.Library()


@register.filter
def duration(seconds):
    """1:05, 12:30 or 1:02:03 for a duration in seconds."""
    try:
        total = round(float(seconds))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
