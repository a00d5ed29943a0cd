"""DocSpot's Chalice app: wires blueprints and middleware, nothing else."""

from chalice.app import Chalice

from chalicelib.handlers._http import http_middleware
from chalicelib.handlers.auth import auth
from chalicelib.handlers.authorizer import authorizer_blueprint
from chalicelib.handlers.doctors import doctors
from chalicelib.handlers.health import health
from chalicelib.handlers.me import me
from chalicelib.handlers.specialties import specialties

app = Chalice(app_name="docspot")
app.register_middleware(http_middleware, "http")
for blueprint in (authorizer_blueprint, health, auth, me, specialties, doctors):
    app.register_blueprint(blueprint)
