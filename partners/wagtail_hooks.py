"""Admin menu entry for the funding ledger (the staff pages live at /partners/ledger/)."""

from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return MenuItem("บัญชีทุน / Funding ledger", "/partners/ledger/", icon_name="table", order=900)
