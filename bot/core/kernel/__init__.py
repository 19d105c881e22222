"""What every capability stands on: the model, errors, clock and calendar, who may do what
(``access``), the ports to the outside world, the dependencies object, forms and validation,
notices and their delivery."""
