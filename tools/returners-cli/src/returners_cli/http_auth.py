"""The ``Authorization`` header every client of the platform sends: one bearer token (the
operations token, a council's or an assessor's key, an applicant's session)."""


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
