"""The web console at ``/console/``: coordinators, shop staff and couriers (see ``routes``)."""
