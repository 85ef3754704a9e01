"""Content hash of a data set: the fingerprint a roster JSON carries as `data_hash`."""

from __future__ import annotations

import hashlib
import json

from model.dataset import DataSet


def dataset_json(data: DataSet) -> str:
    """Canonical JSON of a data set (sorted keys, no spaces): what the store keeps."""
    return json.dumps(data.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def dataset_hash(data: DataSet) -> str:
    """SHA-256 of the canonical JSON, 64 hex digits."""
    return hashlib.sha256(dataset_json(data).encode("utf-8")).hexdigest()


def dataset_from_json(text: str) -> DataSet:
    return DataSet.model_validate(json.loads(text))
