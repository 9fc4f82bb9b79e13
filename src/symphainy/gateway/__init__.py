"""Experience service (:8001): the single public gateway; reaches the runtime only via the SDK."""
