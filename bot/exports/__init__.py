"""Files the bot produces for officers (Excel workbooks, Word documents), from core data."""
