"""The service's Logger and Tracer, and its one kind of metric: a count with its own dimensions.

Powertools reads its own ``POWERTOOLS_*`` variables. The Tracer patches botocore once per process, so every
DynamoDB, S3, SES and management-API call is a subsegment of the Lambda's X-Ray trace (``xray`` in
``.chalice/config.json``); ``tracer.capture_method`` adds the booking flows as named subsegments around them.
Counts go out as CloudWatch embedded metrics (one JSON line on stdout each, namespace ``DocSpot``); tests and the
local stack set ``POWERTOOLS_METRICS_DISABLED``.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

SERVICE = "docspot"
NAMESPACE = "DocSpot"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)


def count(name: str, **dimensions: str) -> None:
    """Emits ``name`` = 1 now, with ``dimensions`` (e.g. ``outcome="SLOT_TAKEN"``). Never raises: a metric is not
    worth failing a request for."""
    if is_metrics_disabled():  # single_metric itself writes whatever the switch says
        return
    try:
        with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=NAMESPACE) as metric:
            metric.add_dimension(name="service", value=SERVICE)
            for key, value in dimensions.items():
                metric.add_dimension(name=key, value=value)
    except Exception:
        logger.exception("metric not emitted", extra={"metric": name})
