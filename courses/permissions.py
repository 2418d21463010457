"""Who may do what in the Wagtail admin: centre editors, moderators and the course moderation workflow.

* Each provider has a staff group (`Provider.staff_group`; the payments and trainees apps read this field) and a
  catalogue subtree (`Provider.courses_root`, a CourseIndexPage). Its staff may add and edit pages only there;
  publishing goes through the moderation workflow.
* Moderators may edit and publish anywhere in the catalogue and approve the workflow's task.
Everything here is idempotent (used by seed_demo and by tests).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import CourseIndexPage, Provider

MODERATORS = gettext_lazy("ผู้ตรวจหลักสูตร")
WORKFLOW = gettext_lazy("ตรวจหลักสูตรก่อนเผยแพร่")
EDITOR_PAGE_PERMISSIONS = ("add", "change")
MODERATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
SNIPPET_MODELS = ("skill", "provider", "category", "sponsor")


def _admin_access(group: Group) -> None:
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    # a flushed database (transactional tests) has lost the root collection Wagtail's migration made
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root,
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )


def _page_permissions(group: Group, page: Page, kinds) -> None:
    for kind in kinds:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def setup_moderation(*, catalogue: CourseIndexPage) -> Workflow:
    """The moderators group and the workflow every page in the catalogue goes through."""
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    _admin_access(moderators)
    _page_permissions(moderators, catalogue, MODERATOR_PAGE_PERMISSIONS)
    for model in SNIPPET_MODELS:
        for action in ("add", "change", "view"):
            moderators.permissions.add(
                Permission.objects.get(content_type__app_label="courses", codename=f"{action}_{model}"))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=gettext("อนุมัติโดยผู้ตรวจ")).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=gettext("อนุมัติโดยผู้ตรวจ"))
    task.groups.set([moderators])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_provider(*, provider: Provider, catalogue: CourseIndexPage) -> CourseIndexPage:
    """Give a provider its staff group and its own catalogue subtree that only its staff (and moderators) edit."""
    if provider.staff_group_id is None:
        group, _ = Group.objects.get_or_create(name=f"ศูนย์ {provider.slug} / Centre staff")
        provider.staff_group = group
    root = provider.courses_root.specific if provider.courses_root_id else None
    if root is None:
        root = CourseIndexPage.objects.child_of(catalogue).filter(slug=provider.slug).first()
    if root is None:
        root = catalogue.add_child(instance=CourseIndexPage(
            title=provider.name_th, slug=provider.slug, intro_th=f"หลักสูตรของ{provider.name_th}",
            intro_en=f"Courses by {provider.name_en or provider.name_th}",
        ))
    provider.courses_root = root
    provider.save(update_fields=["staff_group", "courses_root"])
    _admin_access(provider.staff_group)
    _page_permissions(provider.staff_group, root, EDITOR_PAGE_PERMISSIONS)
    return root


def provider_keys_for(user) -> list[str]:
    """Slugs of the providers whose staff group this user is in (payments reads them as payee keys, so a centre's
    editors see the centre's invoices and payments)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Provider.objects.filter(staff_group__in=user.groups.all()).values_list("slug", flat=True))


def providers_for(queryset, user):
    """Providers this user may pick for a course: superusers and course moderators any; a centre editor only the
    centres whose staff group they are in (an empty list for someone who is neither)."""
    if user.is_superuser or user.groups.filter(name=MODERATORS).exists():
        return queryset
    return queryset.filter(staff_group__in=user.groups.all())
