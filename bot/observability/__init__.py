"""What an operator watches: Prometheus metrics (``metrics``) and health checks (``health``)."""
