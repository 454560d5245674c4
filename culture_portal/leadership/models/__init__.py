from culture_portal.leadership.models.targets import Target

__all__ = ["Target"]
