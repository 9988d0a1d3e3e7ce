"""Data protection: a person's download of their data and the deletion of their account
(events.privacy.personal_data). How long registrations' personal data is kept is
events.registration.privacy's."""
