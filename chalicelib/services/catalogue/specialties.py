"""Specialties: a public list, and admin create, rename, describe, deactivate, with unique names."""

from __future__ import annotations

import uuid

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from chalicelib.contracts.catalogue import SpecialtyCreate, SpecialtyOut, SpecialtyUpdate
from chalicelib.errors import Conflict, NotFound
from chalicelib.models.specialties import CATALOGUE, Specialty
from chalicelib.models.unique_keys import UniqueKey, specialty_name_key
from chalicelib.services import audit
from chalicelib.services.core import directory_version
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import transaction, unexplained

NAME_TAKEN = "a specialty with this name already exists"


def specialty_out(specialty: Specialty) -> SpecialtyOut:
    return SpecialtyOut(
        specialty_id=specialty.specialty_id,
        name=specialty.name,
        description=specialty.description,
        active=bool(specialty.active),
    )


def list_specialties(*, include_inactive: bool = False) -> list[SpecialtyOut]:
    rows = Specialty.by_name.query(CATALOGUE)
    return [specialty_out(s) for s in rows if include_inactive or s.active]


def get_specialty(specialty_id: str) -> Specialty:
    try:
        return Specialty.get(specialty_id)
    except Specialty.DoesNotExist as exc:
        raise NotFound("no such specialty", code="SPECIALTY_NOT_FOUND") from exc


def _sort_name(name: str) -> str:
    return " ".join(name.lower().split())


def create(actor: Principal, request: SpecialtyCreate) -> SpecialtyOut:
    specialty = Specialty(
        specialty_id=uuid.uuid4().hex[:12],
        name=request.name,
        name_sort=_sort_name(request.name),
        description=request.description,
        active=True,
    )
    try:
        with transaction() as tx:
            tx.save(
                UniqueKey(key=specialty_name_key(request.name), owner_id=specialty.specialty_id),
                condition=UniqueKey.key.does_not_exist(),
                part="name",
            )
            tx.save(specialty, condition=Specialty.specialty_id.does_not_exist(), part="specialty")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("name"):
            raise Conflict(NAME_TAKEN, code="SPECIALTY_NAME_TAKEN") from exc
        raise unexplained(exc) from exc
    audit.record(entity=f"specialty#{specialty.specialty_id}", actor=actor.user_id, action="specialty.created")
    directory_version.changed()
    return specialty_out(specialty)


def update(actor: Principal, specialty_id: str, request: SpecialtyUpdate) -> SpecialtyOut:
    specialty = get_specialty(specialty_id)
    fields = request.model_dump(exclude_unset=True, exclude_none=True)
    if not fields:
        return specialty_out(specialty)
    actions: list[Action] = []
    if "description" in fields:
        actions.append(Specialty.description.set(fields["description"]))
    if "active" in fields:
        actions.append(Specialty.active.set(fields["active"]))
    renamed = "name" in fields and specialty_name_key(fields["name"]) != specialty_name_key(specialty.name)
    if "name" in fields:
        actions += [Specialty.name.set(fields["name"]), Specialty.name_sort.set(_sort_name(fields["name"]))]
    try:
        with transaction() as tx:
            if renamed:
                tx.save(
                    UniqueKey(key=specialty_name_key(fields["name"]), owner_id=specialty_id),
                    condition=UniqueKey.key.does_not_exist(),
                    part="new-name",
                )
                tx.delete(
                    UniqueKey(key=specialty_name_key(specialty.name)),
                    condition=UniqueKey.owner_id == specialty_id,
                    part="old-name",
                )
            tx.update(specialty, actions=actions, condition=Specialty.specialty_id.exists(), part="specialty")
    except TransactWriteError as exc:
        if renamed and tx.cancellation(exc).failed("new-name"):
            raise Conflict(NAME_TAKEN, code="SPECIALTY_NAME_TAKEN") from exc
        raise unexplained(exc) from exc
    audit.record(
        entity=f"specialty#{specialty_id}",
        actor=actor.user_id,
        action="specialty.updated",
        detail={k: str(v) for k, v in fields.items()},
    )
    directory_version.changed()
    return specialty_out(get_specialty(specialty_id))
