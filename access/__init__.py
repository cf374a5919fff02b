"""Who may see and do what. Every access rule of Uniform lives in this package.

The rules are those of ``shared/docs/access-policy.md``:

* Nothing ever crosses a network: every selector starts from the person's *active*
  memberships, and every membership belongs to one network.
* Selectors (``*_visible_to(user)``) return QuerySets; views fetch tenant objects only
  through them (``get_object_or_404(internships_visible_to(user), pk=...)``), so what is not
  yours is a 404, never a 403 that confirms it exists.
* Predicates (``can_*``) answer "may this person do this to an object they can see"; a
  ``False`` there is a 403.
* A person with several memberships has the union of their rights, never more. A
  deactivated membership (or user) grants nothing, at once.

Memberships are read once per request and cached on the user object.

One module per area, this file is the public face: code outside the package calls
``access.<name>`` and never reaches into a module.

* ``memberships``: the person's active memberships and the ids they grant;
* ``internships``: who sees an internship and what each role may do on it;
* ``people``: schools, students, sites, staff, organisations and invitations;
* ``catalogue``: published versions for the network, drafts for its coordinators;
* ``evaluations``: feedback sheets and evaluations;
* ``training``: courses, registrations and certificates;
* ``calibration``: whose rating aggregates a person compares, calibration cases;
* ``documents``: batch exports;
* ``network``: the network's organisations, site profiles and kennismakingsmomenten;
* ``notifications``: who-sent-what and the coordinator's counts;
* ``reminders``: the network's reminder schedule and an organisation's opt-out;
* ``api``: the person's own API tokens; what a read-only token may not do;
* ``audit``: the role a viewer acts in (the access audit) and who reads a student's audit;
* ``retention``: the network's retention policy and the legal holds on a school's students;
* ``privacy``: a student's data export, erasure, anonymising a person who leaves.
"""

from access.api import api_token_or_404, api_tokens_visible_to, token_may_write  # noqa: F401
from access.audit import (  # noqa: F401
    audited_student_or_404,
    audited_students,
    own_student_record,
    sees_audit_as_admin,
)
from access.audit import viewer as audit_viewer  # noqa: F401
from access.calibration import (  # noqa: F401
    CalibrationScope,
    calibration_scopes,
    can_open_calibration,
    can_rate_case,
    cases_visible_to,
)
from access.catalogue import (  # noqa: F401
    can_create_programmes,
    can_edit_catalogue,
    catalogue_parts_visible_to,
    catalogue_versions_visible_to,
    catalogue_versions_with_counts,
    programmes_to_pick,
    programmes_visible_to,
)
from access.documents import (  # noqa: F401
    can_export,
    dossier_jobs_visible_to,
    export_groups,
    export_internships,
    export_jobs_visible_to,
)
from access.evaluations import (  # noqa: F401
    EvaluationRights,
    SheetRights,
    can_review_feedback,
    evaluation_rights,
    evaluation_rights_for_internship,
    evaluations_visible_to,
    feedback_sheets_visible_to,
    sheet_rights,
)
from access.internships import (  # noqa: F401
    InternshipRights,
    document_types_to_configure,
    document_types_to_pick,
    internship_or_404,
    internship_rights,
    internship_roles,
    internships_through,
    internships_visible_to,
    internships_with_people,
    one_or_404,
    require,
    sees_internships,
)
from access.memberships import (  # noqa: F401
    MFA_ROLES,
    active_memberships,
    childcare_admin_org_ids,
    coach_site_ids,
    coordinated_network,
    coordinator_network_ids,
    forget_memberships,
    holds,
    mentor_site_ids,
    must_use_mfa,
    network_ids_of,
    roles_of,
    school_admin_school_ids,
    student_school_ids,
    teacher_school_ids,
)
from access.network import (  # noqa: F401
    can_browse_sites,
    can_build_network,
    can_cancel_introduction_registration,
    can_edit_site_profile,
    can_register_for_introductions,
    groups_to_register,
    introduction_registrations_visible_to,
    introduction_schools,
    introductions_visible_to,
    organisations_to_manage,
    site_directory_for,
    site_profiles_visible_to,
    students_to_register,
)
from access.notifications import notification_count_networks, notification_internships  # noqa: F401
from access.people import (  # noqa: F401
    INVITABLE_ROLES,
    STAFF_ROLES,
    InviteTarget,
    can_invite,
    can_manage_childcare,
    can_manage_school,
    can_open_childcare,
    can_open_schools,
    can_plan_internships,
    can_see_capacity,
    capacity_periods_visible_to,
    childcare_sites_visible_to,
    coached_mentors,
    groups_taught_by,
    groups_to_pick,
    groups_visible_to,
    invitations_visible_to,
    invite_targets,
    managed_childcare_organisations,
    managed_groups,
    managed_schools,
    managed_sites,
    managed_staff,
    managed_students,
    managed_teachers,
    memberships_as,
    mentors_to_pick,
    network_figures,
    network_sites_to_pick,
    people_to_pick,
    sites_visible_to,
    staff_memberships_visible_to,
    staff_schools,
    staff_site_ids,
    student_invitation_counts,
    student_invite_school_ids,
    students_to_invite,
    students_to_pick,
    students_visible_to,
    teachers_to_pick,
)
from access.placements import (  # noqa: F401
    can_answer_placement,
    can_ask_placement,
    can_open_placements,
    dashboard_network_ids,
    demand_schools,
    offer_sites,
    period_network_ids,
    place_demands_visible_to,
    place_offers_visible_to,
    placement_network_ids,
    placement_periods_visible_to,
    placement_requests_visible_to,
    site_mentor_users,
)
from access.policy import POLICY, allows, holders  # noqa: F401
from access.privacy import (  # noqa: F401
    administers_people,
    anonymisable_memberships,
    can_erase_student,
    data_export_students,
    data_exports_visible_to,
    erasable_students,
)
from access.reminders import reminder_networks, reminder_organisations  # noqa: F401
from access.retention import (  # noqa: F401
    hold_internships,
    hold_schools,
    hold_students,
    holds_to_manage,
    retention_networks,
)
from access.sso import (  # noqa: F401
    can_configure_sso,
    login_providers_visible_to,
    sso_networks,
    sso_organisations,
)
from access.training import (  # noqa: F401
    REGISTRABLE_BY,
    TRAINING_ROLES,
    admin_org_ids,
    can_cancel_registration,
    can_create_courses,
    can_manage_training,
    can_open_training,
    can_register_others,
    can_register_self,
    courses_visible_to,
    registrable_memberships,
    registrations_visible_to,
    sessions_visible_to,
    training_memberships,
    training_network_ids,
)
