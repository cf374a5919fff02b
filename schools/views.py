from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from uniform import access


@login_required
@require_safe
def student_detail(request, pk):
    student = get_object_or_404(
        access.students_visible_to(request.user).select_related("school", "group"), pk=pk
    )
    internships = access.internships_with_people(
        access.internships_visible_to(request.user).filter(student=student)
    )
    return render(request, "schools/student_detail.html", {"student": student, "internships": internships})
