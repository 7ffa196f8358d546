"""The knot journal: knots, check-ins, self-care sessions, and the person's profile."""
