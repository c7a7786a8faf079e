"""`python -m questions.stamp`: validate the data files with pydantic and record their hashes.

Run it after editing bank.toml or outcomes.toml; tests/engine/test_data_validation.py fails
until the recorded hashes match the files.
"""

from questions.load import write_stamps

if __name__ == "__main__":
    print(write_stamps(), end="")
