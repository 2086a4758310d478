"""The form a stakeholder answers on the public survey page: the TOTAL scales with their
meaning, the stage, the recommendation and a comment, plus a field only robots fill in."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import Form
from stakeholders.models import Assessment

COMMENT_MAX = 2000
HONEYPOT = "website"

SCALE = [
    (1, "1 · Not at all"),
    (2, "2 · A little"),
    (3, "3 · Somewhat"),
    (4, "4 · Mostly"),
    (5, "5 · Completely"),
]
MEANINGS = {
    "trust": "You can rely on us to do what we say we will do.",
    "openness": "We share what we know and listen to what you tell us.",
    "transparency": "You can see how and why we decide what affects you.",
    "appropriateness": "What we offer, and the way we work with you, fits your needs.",
    "longevity": "You expect to keep working with us for years to come.",
}
STAGE_MEANINGS = {
    "satisfaction": "Satisfaction: we do what was agreed.",
    "preference": "Preference: you choose us over others.",
    "loyalty": "Loyalty: you stay with us when others try to win you over.",
    "advocacy": "Advocacy: you recommend us to others.",
}


def _scale(name: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=name.capitalize(),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=MEANINGS[name],
        error_messages={"required": "Choose a rating from 1 to 5."},
    )


class SurveyForm(Form):
    trust = _scale("trust")
    openness = _scale("openness")
    transparency = _scale("transparency")
    appropriateness = _scale("appropriateness")
    longevity = _scale("longevity")
    stage = forms.ChoiceField(
        label="Stage",
        choices=[(value, STAGE_MEANINGS[value]) for value in Assessment.Stage.values],
        widget=forms.RadioSelect,
        required=False,
        help_text="Which best describes where our relationship stands today? (optional)",
    )
    nps = forms.TypedChoiceField(
        label="How likely are you to recommend us?",
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        help_text="0 = not at all likely, 10 = extremely likely (optional).",
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        required=False,
        strip=True,
        help_text=f"Anything you would like us to know (optional, up to {COMMENT_MAX} characters).",
    )
    # Hidden from people by the stylesheet; a robot filling every field fills it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT):
            raise ValidationError("This form could not be accepted.")
        return ""

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop(HONEYPOT, None)
        return data
