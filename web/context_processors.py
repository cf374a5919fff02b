import access


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_can_invite": access.can_invite(user),
        "nav_roles": access.roles_of(user),
        "nav_sees_internships": access.sees_internships(user),
        "nav_in_training": access.can_open_training(user),
        "nav_placements": access.can_open_placements(user),
        "nav_dashboard": bool(access.dashboard_network_ids(user)),
        "nav_calibration": access.can_open_calibration(user),
    }
