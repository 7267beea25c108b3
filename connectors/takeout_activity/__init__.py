"""Activity archives of the social and entertainment domain: Google My Activity and YouTube history,
Netflix viewing activity, X/Twitter's tweets.js, and Facebook/Instagram's JSON download.

Every record lands in :attr:`~wallet.model.Domain.SOCIAL`, which no share template preselects.
Where a payload says what was watched, ``creator`` (channel, show), ``work`` and ``medium`` are
added, as the Spotify connector does, for :mod:`wallet.features.listening`.

``google-takeout-parser`` (purarue, MIT, maintained) was tried on the real My Activity sample and
parsed it correctly, but it is not used: it reads an HTML file whole with BeautifulSoup (real
My Activity files are hundreds of megabytes), takes HTML times without a zone as UTC, keeps
``google.com/url?q=`` redirects as they are, and depends on IPython and cachew, a cache that
writes what it parsed to disk unencrypted.  The formats are small enough to read directly.
Facebook and Instagram ("Download your information", JSON) are read by :mod:`.meta`, from fixtures built
to the documented layout (no licensed real sample was found).
"""

from __future__ import annotations

from connectors.takeout_activity.meta import NAMES as META_FILE_NAMES
from connectors.takeout_activity.meta import MetaArchiveConnector
from connectors.takeout_activity.my_activity import MyActivityConnector
from connectors.takeout_activity.netflix import NetflixConnector
from connectors.takeout_activity.twitter import TwitterArchiveConnector

__all__ = [
    "META_FILE_NAMES",
    "MetaArchiveConnector",
    "MyActivityConnector",
    "NetflixConnector",
    "TwitterArchiveConnector",
]
