"""DocSpot's Chalice app: wires blueprints and middleware, nothing else."""

from chalice.app import Chalice

from chalicelib.handlers._http import http_middleware
from chalicelib.handlers.appointments import appointments
from chalicelib.handlers.auth import auth
from chalicelib.handlers.authorizer import authorizer_blueprint
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
    holds,
    appointments,
    waitlist,
    notifications,
    schedules,
):
    app.register_blueprint(blueprint)
