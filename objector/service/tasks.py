from django.tasks import task


@task()
def heartbeat(token: str) -> str:
    """Returns its token: `objector health --worker` uses it to prove a worker is taking jobs."""
    return token
