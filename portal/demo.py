"""Demo vocabularies and one user per role per portal (development only: the password is public)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import Audience, Category, LifeEvent, Section
from .portals import PORTALS_BY_KEY
from .roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER, group_name

DEMO_PASSWORD = "demo-pass-2026"

AUDIENCES = [
    ("正規職員", "seiki", "intranet"),
    ("再任用職員", "saininyo", "intranet"),
    ("会計年度任用職員", "kaikei-nendo", ""),
    ("教職員", "kyoshokuin", "education"),
    ("管理職", "kanrishoku", ""),
    ("調理士・校務員", "chorishi-komuin", "education"),
]
SECTIONS = [("人事課", "jinji"), ("給与課", "kyuyo"), ("福利課", "fukuri"), ("職員厚生課", "kosei"), ("教職員課", "kyoshokuin-ka"), ("教育総務課", "kyoiku-somu")]
# The names the shared FAQ files use (the import makes a category for any name it does not find): welfare is 福利 in
# the intranet file and 福利厚生 in the education file, so both are here until categories can have per-portal names.
CATEGORIES = [
    ("人事", "jinji"),
    ("給与", "kyuyo"),
    ("会計年度任用職員等", "kaikei-nendo-nado"),
    ("福利", "fukuri"),
    ("福利厚生", "fukuri-kosei"),
    ("庶務事務システム", "shomu-system"),
    ("服務管理システム", "fukumu-system"),
    ("システム操作", "system"),
]
LIFE_EVENTS = [("結婚", "kekkon"), ("出産", "shussan"), ("育児", "ikuji"), ("引っ越し", "hikkoshi"), ("退職", "taishoku"), ("異動", "ido"), ("介護", "kaigo")]

# username, role, portal, family name, given name
USERS = [
    ("shokuin", READER, "intranet", "市役所", "一郎"),
    ("somu-center", CENTRE_STAFF, "intranet", "総務", "花子"),
    ("somu-helpdesk", HELPDESK, "intranet", "窓口", "次郎"),
    ("somu-shokan", SECTION_REVIEWER, "intranet", "給与", "三郎"),
    ("somu-admin", ADMINISTRATOR, "intranet", "管理", "和子"),
    ("kyoshokuin", READER, "education", "学校", "太郎"),
    ("kyoiku-center", CENTRE_STAFF, "education", "教育", "良子"),
    ("kyoiku-helpdesk", HELPDESK, "education", "相談", "四郎"),
    ("kyoiku-shokan", SECTION_REVIEWER, "education", "教職", "五郎"),
    ("kyoiku-admin", ADMINISTRATOR, "education", "管理", "桜"),
]
SECTION_OF_REVIEWER = {"somu-shokan": "kyuyo", "kyoiku-shokan": "kyoshokuin-ka"}


def _vocabulary(model, rows):
    """Add the entries that are missing; administrators' renames and reordering stay."""
    for order, row in enumerate(rows):
        name, slug, *rest = row
        defaults = {"name": name, "sort_order": order * 10}
        if rest:
            defaults["portal"] = rest[0]
        model.objects.get_or_create(slug=slug, defaults=defaults)


def load(homes):
    """The vocabularies and demo users that are missing (a demo user gets its role when created); {username: user}."""
    _vocabulary(Audience, AUDIENCES)
    _vocabulary(Section, SECTIONS)
    _vocabulary(Category, CATEGORIES)
    _vocabulary(LifeEvent, LIFE_EVENTS)
    User = get_user_model()
    users = {}
    for username, role, portal_key, last_name, first_name in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"last_name": last_name, "first_name": first_name, "email": f"{username}@example.jp"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=group_name(role, PORTALS_BY_KEY[portal_key])))
            if username in SECTION_OF_REVIEWER:
                Section.objects.get(slug=SECTION_OF_REVIEWER[username]).reviewers.add(user)
        users[username] = user
    return users
