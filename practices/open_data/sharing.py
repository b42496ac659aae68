"""Ways to pass a practice on: its address, an email, and links that open
other services' own share pages. Plain links only: nothing is loaded from
another host until the visitor follows one."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


def email_link(title, url):
    """A mailto: link with the practice's title as subject and its address as body."""
    query = urlencode(
        {"subject": title, "body": f"{title}\n{url}"}, quote_via=quote, safe=""
    )
    return f"mailto:?{query}"


def share_links(title, url):
    """[(service name, address), ...] of share pages that take the address."""
    text = quote(title, safe="")
    address = quote(url, safe="")
    return [
        (_("WhatsApp"), f"https://wa.me/?text={quote(f'{title} {url}', safe='')}"),
        (
            _("LinkedIn"),
            f"https://www.linkedin.com/sharing/share-offsite/?url={address}",
        ),
        (_("Facebook"), f"https://www.facebook.com/sharer/sharer.php?u={address}"),
        (_("X (Twitter)"), f"https://x.com/intent/post?url={address}&text={text}"),
        (
            _("Bluesky"),
            f"https://bsky.app/intent/compose?text={quote(f'{title} {url}', safe='')}",
        ),
    ]
