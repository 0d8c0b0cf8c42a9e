"""FAQs of both portals: pages with revisions, reader feedback, JSON Lines import and export."""
