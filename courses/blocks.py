"""The one StreamField block library shared by every page type."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class SyllabusModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(help_text="ชื่อหน่วยการเรียน / module title")
    hours = blocks.DecimalBlock(min_value=0, max_digits=5, decimal_places=1, help_text="ชั่วโมง / hours")
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
    video = EmbedBlock(help_text="YouTube / Facebook video URL")
    syllabus_module = SyllabusModuleBlock()
    faq = FaqBlock()
