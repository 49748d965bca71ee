import gc
import weakref

from coverage import collector


class _Node:
    pass


def test_the_collector_is_off_inside_and_back_on_after():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_cyclic_garbage_made_while_paused_is_freed_after():
    with collector.paused():
        node = _Node()
        node.me = node
        gone = weakref.ref(node)
        del node
        assert gone() is not None
    assert gone() is None


def test_what_one_build_set_aside_is_freed_by_the_next_once_it_is_garbage():
    with collector.paused():
        node = _Node()
        node.me = node
    assert gc.get_freeze_count() > 0
    gone = weakref.ref(node)
    del node
    gc.collect()
    assert gone() is not None  # set aside: the collector does not look at it
    with collector.paused():
        pass
    # `make regenerate` builds again in the same process, and must not keep every old build.
    assert gone() is None
    gc.unfreeze()


def test_an_error_inside_still_turns_the_collector_back_on():
    try:
        with collector.paused():
            raise ValueError("analysis failed")
    except ValueError:
        pass
    assert gc.isenabled()
    gc.unfreeze()
