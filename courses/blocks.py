"""The one StreamField block library shared by every page type."""

from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class SyllabusModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(help_text=gettext_lazy("ชื่อหน่วยการเรียน"))
    hours = blocks.DecimalBlock(min_value=0, max_digits=5, decimal_places=1, help_text=gettext_lazy("จำนวนชั่วโมง"))
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "list-ol"
        template = "courses/blocks/syllabus_module.html"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock()
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "courses/blocks/faq.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ul", "ol"])
    image = ImageBlock()
    video = EmbedBlock(help_text=gettext_lazy("ลิงก์วิดีโอ YouTube หรือ Facebook"))
    syllabus_module = SyllabusModuleBlock()
    faq = FaqBlock()
