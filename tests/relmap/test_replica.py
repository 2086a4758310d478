"""The read replica: only reads inside `replica_reads()` go there, and only when one is set."""

from core.replica import ReplicaRouter, replica_reads
from scorecard.models import Observation
from stakeholders.models import Contact

router = ReplicaRouter()


def test_without_a_replica_every_read_stays_on_the_primary():
    with replica_reads():
        assert router.db_for_read(Observation) is None
    assert router.db_for_write(Contact) == "default"


def test_with_a_replica_only_reads_inside_the_block_go_there(settings):
    router = ReplicaRouter(databases={**settings.DATABASES, "replica": {}})
    assert router.db_for_read(Observation) is None
    with replica_reads():
        assert router.db_for_read(Observation) == "replica"
        # Writes never go to the replica, nor does migrating.
        assert router.db_for_write(Observation) == "default"
    assert router.db_for_read(Observation) is None
    assert router.allow_migrate("replica", "scorecard") is False
    assert router.allow_migrate("default", "scorecard") is True
