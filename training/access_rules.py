"""The training app's access rules live in uniform/access.py (one module for who sees what);
these names are kept for the training code that imports them from here."""

from uniform import access

training_memberships = access.training_memberships
training_network_ids = access.training_network_ids
can_open_training = access.can_open_training
courses_visible_to = access.courses_visible_to
sessions_visible_to = access.sessions_visible_to
can_manage_training = access.can_manage_training
can_register_self = access.can_register_self
admin_org_ids = access.admin_org_ids
can_register_others = access.can_register_others
registrable_memberships = access.registrable_memberships
registrations_visible_to = access.registrations_visible_to
can_cancel_registration = access.can_cancel_registration
TRAINING_ROLES = access.TRAINING_ROLES
REGISTRABLE_BY = access.REGISTRABLE_BY
