"""Dela's roles (DESIGN.md) as Django groups with permissions.

Each role is a group whose permissions are declared here and synchronised after every
`migrate`, so a fresh database and an old one end up the same. The administrator role is
Django's superuser flag: the platform owner may do everything.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, transaction
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    AMBASSADOR = "ambassador", _("Ambassador")
    MODERATOR = "moderator", _("Moderator")
    EDITOR = "editor", _("Editor")
    # Leads a municipality's or a region's programme: sees the programme view for
    # that place (which place: competence.ProgrammeLead, which keeps this in step).
    PROGRAMME_LEAD = "programme-lead", _("Programme lead")
    ADMIN = "admin", _("Administrator")


GROUP_NAMES = {
    Role.MEMBER: "Members",
    Role.AMBASSADOR: "Ambassadors",
    Role.MODERATOR: "Moderators",
    Role.EDITOR: "Editors",
    Role.PROGRAMME_LEAD: "Programme leads",
}

_AMBASSADOR_PERMISSIONS = [
    "accounts.submit_content",
    "accounts.start_threads",
    "accounts.appear_in_directory",
]
_TAXONOMY_MODELS = [
    "country",
    "region",
    "municipality",
    "competencearea",
    "competence",
    "sector",
    "targetgroup",
]

# Model permissions per role group. Members' abilities (reply, react, follow) come with
# being signed in and active; the network app adds its own codenames here when it lands.
ROLE_PERMISSIONS = {
    Role.MEMBER: [],
    # No model permission: what a lead may see is decided by the competence app's
    # permission handler from the places they lead.
    Role.PROGRAMME_LEAD: [],
    Role.AMBASSADOR: _AMBASSADOR_PERMISSIONS,
    Role.MODERATOR: [*_AMBASSADOR_PERMISSIONS, "accounts.moderate_network"],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "accounts.view_ambassadorrequest",
        "accounts.change_ambassadorrequest",
        # Promoted search results: this Wagtail checks the SearchPromotion model.
        *(
            f"wagtailsearchpromotions.{action}_searchpromotion"
            for action in ("add", "change", "delete", "view")
        ),
        # The site's footer (a site setting).
        "home.change_footersettings",
        # Search: the editors' synonyms and the query report.
        *(
            f"dela_search.{action}_synonym"
            for action in ("add", "change", "delete", "view")
        ),
        "dela_search.view_querystat",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        # The network's places (categories and groups), as snippets.
        *(
            f"network.{action}_{model}"
            for model in ("category", "group")
            for action in ("add", "change", "delete")
        ),
        *(
            f"taxonomy.{action}_{model}"
            for model in _TAXONOMY_MODELS
            for action in ("add", "change", "delete")
        ),
        *(
            f"dela_media.{action}_captiontrack"
            for action in ("add", "change", "delete", "view")
        ),
        # Competence profiles for roles and who leads which place's programme
        # (the competence app's snippets).
        *(
            f"competence.{action}_{model}"
            for model in ("roleprofile", "programmelead")
            for action in ("add", "change", "delete", "view")
        ),
    ],
}

# Editors curate every page of the site and the shared image and document library.
EDITOR_PAGE_PERMISSIONS = [
    "wagtailcore.add_page",
    "wagtailcore.change_page",
    "wagtailcore.publish_page",
    "wagtailcore.lock_page",
    "wagtailcore.unlock_page",
]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    # The video library (wagtailmedia's permissions guard Dela's media model).
    "wagtailmedia.add_media",
    "wagtailmedia.change_media",
    "wagtailmedia.delete_media",
]


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_role_groups(app_config=None, using="default", verbosity=0, **kwargs):
    """Create the role groups and give each exactly its declared permissions.

    Runs after `migrate` (post_migrate of this app). Permissions of apps listed after
    this one are created first, so the declarations can name them. A partial `migrate`
    (`migrate accounts` on a new database) leaves the tables of later apps missing: the
    sync then waits for the next full `migrate` instead of failing.
    """
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    needed = {
        model._meta.db_table
        for model in (
            ContentType,
            Permission,
            Group,
            Page,
            Collection,
            GroupPagePermission,
            GroupCollectionPermission,
            GroupApprovalTask,
        )
    }
    if not needed <= set(connections[using].introspection.table_names()):
        return
    # The historical registry of a migration plan lacks the apps listed after this one.
    for config in global_apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)

    with transaction.atomic(using=using):
        for role, group_name in GROUP_NAMES.items():
            group, _created = Group.objects.using(using).get_or_create(name=group_name)
            group.permissions.set(
                [_permission(name) for name in ROLE_PERMISSIONS[role]]
            )

        # Wagtail's first migration gives its own "Moderators" and "Editors" groups page
        # and collection permissions; only the editors' declared ones stay.
        role_groups = Group.objects.using(using).filter(name__in=GROUP_NAMES.values())
        editors = role_groups.get(name=GROUP_NAMES[Role.EDITOR])
        GroupPagePermission.objects.using(using).filter(group__in=role_groups).exclude(
            group=editors
        ).delete()
        GroupCollectionPermission.objects.using(using).filter(
            group__in=role_groups
        ).exclude(group=editors).delete()
        _set_exact(
            GroupPagePermission.objects.using(using).filter(group=editors),
            Page.get_first_root_node(),
            "page",
            EDITOR_PAGE_PERMISSIONS,
            editors,
        )
        _set_exact(
            GroupCollectionPermission.objects.using(using).filter(group=editors),
            Collection.get_first_root_node(),
            "collection",
            EDITOR_COLLECTION_PERMISSIONS,
            editors,
        )
        _editors_approve_pages(using, role_groups, editors)


def _editors_approve_pages(using, role_groups, editors):
    """Wagtail's default workflow ("Moderators approval" on the root page) asks its
    "Moderators" group to approve pages. Dela's moderators look after the network and
    cannot open the admin: page approval is the editors' work."""
    from wagtail.models import GroupApprovalTask, Workflow

    moderators = role_groups.get(name=GROUP_NAMES[Role.MODERATOR])
    for task in GroupApprovalTask.objects.using(using).filter(groups=moderators):
        task.groups.remove(moderators)
        task.groups.add(editors)
        # Wagtail's default names would tell editors to submit to "Moderators".
        if task.name == "Moderators approval":
            task.name = "Editors approval"
            task.save(update_fields=["name"])
        Workflow.objects.using(using).filter(
            name="Moderators approval", workflow_tasks__task=task
        ).update(name="Editors approval")


def _set_exact(existing, node, field, names, group):
    """Give `group` exactly the permissions `names` on `node` (a page or collection)."""
    if node is None:
        return
    wanted = {_permission(name) for name in names}
    existing.exclude(**{field: node}, permission__in=wanted).delete()
    model = existing.model
    for permission in wanted:
        model.objects.get_or_create(group=group, permission=permission, **{field: node})


def role_group(role):
    return Group.objects.get(name=GROUP_NAMES[role])


def roles_of(user):
    """The roles a user holds, as a set of Role; empty for visitors.

    Every active signed-in user is a member; moderators are ambassadors too.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_dela_roles", None)
    if cached is not None:
        return cached
    by_group = {name: role for role, name in GROUP_NAMES.items()}
    roles = {Role.MEMBER}
    names = user.groups.values_list("name", flat=True)
    roles.update(by_group[name] for name in names if name in by_group)
    if Role.MODERATOR in roles:
        roles.add(Role.AMBASSADOR)
    if user.is_superuser:
        roles.update(Role)
    user._dela_roles = roles
    return roles


def has_role(user, role):
    return role in roles_of(user)


def grant_role(user, role):
    """Add a user to a role's group (idempotent); forget cached roles and perms."""
    if role == Role.ADMIN:
        raise ValueError(
            "The administrator role is the superuser flag; set it in the admin."
        )
    user.groups.add(role_group(role))
    _forget_cached_roles(user)


def revoke_role(user, role):
    """Take a user out of a role's group (idempotent); forget cached roles and perms."""
    user.groups.remove(role_group(role))
    _forget_cached_roles(user)


def _forget_cached_roles(user):
    for attribute in (
        "_dela_roles",
        "_perm_cache",
        "_group_perm_cache",
        "_user_perm_cache",
    ):
        user.__dict__.pop(attribute, None)


# --- Who the network lists as an ambassador ----------------------------------------
#
# One rule for the directory (/ambassadors/), search (profiles and the search box's
# proposals), whose profile a member may open, and the editors' "contact ambassador"
# choosers: an active account in a group granted `accounts.appear_in_directory`
# (Ambassadors and Moderators; an administrator may grant it to another group). The
# superuser flag lists nobody by itself: it lets the platform owner do everything, not
# appear as an ambassador.

DIRECTORY_PERMISSION = ("accounts", "appear_in_directory")


def directory_groups():
    app_label, codename = DIRECTORY_PERMISSION
    return Group.objects.filter(
        permissions__codename=codename, permissions__content_type__app_label=app_label
    )


def in_directory_q(user_field=""):
    """Q for the accounts listed as ambassadors; ``user_field`` is the path to the
    account from the queried model ("user" for a network profile, "" for accounts).
    An EXISTS, so a person in two such groups is listed once."""
    prefix = f"{user_field}__" if user_field else ""
    return models.Q(**{f"{prefix}is_active": True}) & models.Q(
        models.Exists(directory_groups().filter(user=models.OuterRef(f"{prefix}pk")))
    )


def editors_collection(name):
    """The image collection called ``name`` under the root, private to the editors
    (Wagtail's collection privacy; dela/images.py serves its files to them, to the
    uploader, and to everyone once a live public page uses an image): where story
    submissions' and video posters' images wait. Made once, found by its name."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=name).first()
    if found is not None:
        return found
    collection = root.add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name=GROUP_NAMES[Role.EDITOR]))
    return collection
