"""DocSpot's Chalice app: wires blueprints and middleware, nothing else."""

from chalice.app import Chalice, Rate

from chalicelib.handlers._http import http_middleware
from chalicelib.handlers.appointments import appointments
from chalicelib.handlers.attendance import attendance
from chalicelib.handlers.auth import auth
from chalicelib.handlers.authorizer import authorizer_blueprint
from chalicelib.handlers.availability import availability
from chalicelib.handlers.availability import extend_slot_horizon as _extend_slot_horizon
from chalicelib.handlers.doctors import doctors
from chalicelib.handlers.health import health
from chalicelib.handlers.holds import holds
from chalicelib.handlers.me import me
from chalicelib.handlers.notifications import notifications
from chalicelib.handlers.schedules import schedules
from chalicelib.handlers.specialties import specialties
from chalicelib.handlers.waitlist import waitlist

app = Chalice(app_name="docspot")
app.register_middleware(http_middleware, "http")
for blueprint in (
    authorizer_blueprint,
    health,
    auth,
    me,
    specialties,
    doctors,
    availability,
    holds,
    appointments,
    waitlist,
    notifications,
    attendance,
    schedules,
):
    app.register_blueprint(blueprint)

# Chalice names a schedule's Lambda handler ``app.<function name>``, so the job is bound here under its own name.
extend_slot_horizon = app.schedule(Rate(1, unit=Rate.DAYS), name="slot-horizon")(_extend_slot_horizon)
