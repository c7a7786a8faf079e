import socket

import pytest

from tests.conftest import NetworkBlocked


def test_opening_an_internet_socket_fails_the_test():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
