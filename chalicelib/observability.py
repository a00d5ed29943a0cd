"""The one Logger, Tracer and Metrics of the service (powertools reads its own POWERTOOLS_* variables)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "docspot"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace="DocSpot", service=SERVICE)
