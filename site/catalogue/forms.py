"""The form editors import practice entries with in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Far above any real catalogue file (the demo's is a few kilobytes), low enough that
# one upload cannot tie up a server worker for long.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class CatalogueImportForm(forms.Form):
    """A CSV or JSON file of practice entries, in the format of `manage.py
    import_catalogue`, and how to import it."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file with a header row (title, summary, language, …) or a JSON "
            "array, UTF-8. The catalogue's own export imports again unchanged."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv"}),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported entries"),
        required=False,
        help_text=_(
            "Without it new entries are saved as drafts, and changes to published "
            "entries as a draft for an editor to publish."
        ),
    )
    create_municipalities = forms.BooleanField(
        label=_("Create municipalities Dela does not know"),
        required=False,
        help_text=_(
            "In the row's country, without an official code. Without it a row "
            "with an unknown municipality is rejected."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file"),
        required=False,
        help_text=_("Report what would happen, and save nothing."),
    )

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB: split it into smaller files.")
                % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
