"""StreamField blocks shared by every content page type."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class NoticeBlock(blocks.StructBlock):
    """A highlighted box for what readers must not miss (締切, 注意事項)."""

    level = blocks.ChoiceBlock(
        choices=[("info", "お知らせ"), ("warning", "注意"), ("important", "重要")], default="info", label="種類"
    )
    text = blocks.RichTextBlock(label="本文", features=["bold", "link", "document-link", "ol", "ul"])

    class Meta:
        template = "pages/blocks/notice.html"
        icon = "warning"
        label = "注意書き"


class LinkBlock(blocks.StructBlock):
    """A link to a page of the portal or to an external address, with a short description."""

    title = blocks.CharBlock(label="表示名")
    page = blocks.PageChooserBlock(required=False, label="ページ")
    url = blocks.URLBlock(required=False, label="外部URL")
    description = blocks.CharBlock(required=False, label="説明")

    class Meta:
        template = "pages/blocks/link.html"
        icon = "link"
        label = "リンク"

    def clean(self, value):
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.BlockValidationError("ページか外部URLのどちらかを指定してください。")}
            )
        return super().clean(value)


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文書")
    title = blocks.CharBlock(required=False, label="表示名（空欄は文書名）")

    class Meta:
        template = "pages/blocks/document.html"
        icon = "doc-full"
        label = "文書"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", label="見出し", template="pages/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label="本文")
    notice = NoticeBlock()
    links = blocks.ListBlock(LinkBlock(), label="リンク一覧", template="pages/blocks/link_list.html")
    document = DocumentBlock()
    image = ImageBlock(label="画像")
    table = TableBlock(label="表")


class AudienceEntryBlock(blocks.StructBlock):
    """An entry point on a portal home page for one audience (正規職員向け, 会計年度任用職員向け ...)."""

    audience = SnippetChooserBlock("portal.Audience", label="対象者")
    title = blocks.CharBlock(label="見出し")
    description = blocks.TextBlock(required=False, label="説明")
    links = blocks.ListBlock(LinkBlock(), label="リンク")

    class Meta:
        template = "pages/blocks/audience_entry.html"
        icon = "group"
        label = "対象者別の入口"


class FeaturedLinksBlock(blocks.StructBlock):
    """A row of entry points on a portal home (手続き一覧, よくある質問, 様式集 ...), in the editor's order."""

    heading = blocks.CharBlock(label="見出し", default="よく使う入口")
    links = blocks.ListBlock(LinkBlock(), label="リンク")

    class Meta:
        template = "pages/blocks/featured_links.html"
        icon = "link"
        label = "よく使う入口"


class AudienceEntriesBlock(blocks.StructBlock):
    """The portal home's entry points by audience (正規職員向け, 会計年度任用職員向け ...)."""

    heading = blocks.CharBlock(label="見出し", default="対象者別のご案内")
    entries = blocks.ListBlock(AudienceEntryBlock(), label="対象者別の入口")

    class Meta:
        template = "pages/blocks/audience_entries.html"
        icon = "group"
        label = "対象者別のご案内"


class HomeEntryPointsBlock(blocks.StreamBlock):
    """The entry points of a portal home; their order is the order on the page, so each portal leads with its own."""

    featured_links = FeaturedLinksBlock()
    audience_entries = AudienceEntriesBlock()
